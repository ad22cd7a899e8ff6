/**
 * @module demo/industries
 * Industries of the synthetic dataset: real GB/T 4754-2017 class codes (小类), mostly in sections
 * B (mining), C (manufacturing) and D (utilities), each with the hazard-risk class its division
 * has in the 建设项目职业病危害风险分类管理目录 (2021) — severe (严重) or general (一般) — and the
 * hazard factors typical of it. Weights are relative shares of employers.
 */
import type { HazardLevel } from '../employer/index.js';

/** One industry of the generator. */
export interface DemoIndustry {
  /** GB/T 4754 industry code. */
  readonly code: string;
  /** Short Chinese word used in generated employer names. */
  readonly word: string;
  /** The industry's occupational-hazard level: severe (严重), general (一般) or none. */
  readonly hazardLevel: HazardLevel;
  /** Hazard factors (职业病危害因素分类目录 names) an employer of it may have. */
  readonly factors: readonly string[];
  /** Relative share of employers. */
  readonly weight: number;
}

const i = (
  code: string,
  word: string,
  hazardLevel: HazardLevel,
  factors: string[],
  weight: number,
): DemoIndustry => ({ code, word, hazardLevel, factors, weight });

/** The industries, with weights summing to 1,000. */
export const INDUSTRIES: readonly DemoIndustry[] = [
  // B 采矿业 — severe
  i('B0610', '煤业', 'severe', ['煤尘', '矽尘', '噪声', '高温'], 14),
  i('B0620', '褐煤', 'severe', ['煤尘', '噪声'], 3),
  i('B0810', '铁矿', 'severe', ['矽尘', '噪声', '手传振动'], 6),
  i('B0914', '钨钼矿业', 'severe', ['矽尘', '噪声'], 3),
  i('B1011', '石材', 'severe', ['矽尘', '噪声'], 12),
  i('B1019', '砂石', 'severe', ['矽尘', '噪声'], 14),
  // C 制造业
  i('C1311', '米业', 'general', ['其他粉尘', '噪声'], 20),
  i('C1391', '淀粉', 'general', ['其他粉尘', '噪声'], 8),
  i('C1713', '印染', 'severe', ['棉尘', '噪声', '高温'], 18),
  i('C1810', '服饰', 'general', ['棉尘', '噪声'], 40),
  i('C2011', '木业', 'general', ['木粉尘', '噪声'], 18),
  i('C2110', '家具', 'severe', ['木粉尘', '苯', '甲苯', '二甲苯', '噪声'], 35),
  i('C2221', '纸业', 'general', ['硫化氢', '噪声'], 10),
  i('C2311', '印务', 'general', ['苯', '甲苯', '噪声'], 22),
  i('C2511', '石化', 'severe', ['苯', '硫化氢', '噪声', '高温'], 4),
  i('C2521', '焦化', 'severe', ['焦炉逸散物', '煤尘', '高温'], 3),
  i('C2614', '化工', 'severe', ['苯', '氯气', '氨', '噪声'], 16),
  i('C2619', '化学', 'severe', ['氯气', '硫酸', '噪声'], 14),
  i('C2631', '农药', 'severe', ['有机磷农药', '噪声'], 5),
  i('C2641', '涂料', 'severe', ['苯', '甲苯', '二甲苯'], 10),
  i('C2710', '制药', 'severe', ['其他粉尘', '噪声'], 9),
  i('C2911', '轮胎', 'severe', ['炭黑粉尘', '噪声', '高温'], 5),
  i('C2927', '塑胶', 'general', ['噪声', '高温'], 30),
  i('C3011', '水泥', 'severe', ['水泥尘', '矽尘', '噪声', '高温'], 12),
  i('C3021', '建材', 'severe', ['水泥尘', '噪声'], 28),
  i('C3031', '砖瓦', 'severe', ['矽尘', '高温', '噪声'], 22),
  i('C3041', '玻璃', 'severe', ['矽尘', '高温', '噪声'], 5),
  i('C3071', '陶瓷', 'severe', ['矽尘', '高温', '噪声'], 14),
  i('C3110', '钢铁', 'severe', ['其他粉尘', '一氧化碳', '高温', '噪声'], 4),
  i('C3120', '炼钢', 'severe', ['其他粉尘', '高温', '噪声'], 4),
  i('C3130', '钢材', 'severe', ['噪声', '高温'], 10),
  i('C3216', '铝业', 'severe', ['氟化物', '高温', '噪声'], 5),
  i('C3311', '钢构', 'severe', ['电焊烟尘', '锰及其化合物', '噪声', '紫外辐射'], 40),
  i('C3360', '表面处理', 'severe', ['铬及其化合物', '硫酸', '噪声'], 18),
  i('C3391', '铸造', 'severe', ['矽尘', '高温', '噪声'], 20),
  i('C3392', '有色铸造', 'severe', ['铅及其化合物', '高温', '噪声'], 8),
  i('C3412', '动力机械', 'general', ['噪声', '电焊烟尘'], 10),
  i('C3511', '矿山机械', 'general', ['电焊烟尘', '噪声'], 12),
  i('C3670', '汽车配件', 'general', ['电焊烟尘', '噪声', '苯'], 38),
  i('C3841', '锂电', 'severe', ['其他粉尘', '噪声'], 8),
  i('C3973', '集成电路', 'general', ['其他化学因素', '噪声'], 10),
  // D 电力、热力、燃气及水生产和供应业 — general
  i('D4411', '电力', 'general', ['煤尘', '噪声', '高温', '工频电场'], 10),
  i('D4430', '热力', 'general', ['煤尘', '噪声', '高温'], 10),
  i('D4610', '水务', 'general', ['氯气', '噪声'], 10),
  // Other sections
  i('E4710', '建设', 'general', ['其他粉尘', '噪声', '电焊烟尘'], 60),
  i('E4812', '路桥', 'general', ['矽尘', '噪声'], 20),
  i('F5211', '商贸', 'none', [], 80),
  i('G5431', '运输', 'none', ['噪声'], 30),
  i('H6210', '餐饮', 'none', [], 60),
  i('M7452', '检测', 'general', ['其他化学因素'], 10),
  i('O8111', '汽修', 'general', ['苯', '噪声'], 40),
  i('Q8411', '医院', 'general', ['电离辐射'], 40),
  i('I6513', '软件', 'none', [], 43),
];
