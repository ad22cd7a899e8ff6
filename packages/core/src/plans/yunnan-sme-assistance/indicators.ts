import { citeSeed } from '../shared/cite.js';
import { HOLD_COHORT_RATE, linearProgrammeCount } from '../shared/forecast.js';
import {
  type PackIndicator,
  smeCoreRateIndicators,
  smesAssistedIndicator,
} from '../shared/sme-rates.js';

/** The document of this pack (an annex with no document number of its own). */
export const YUNNAN_DOC = '云南省中小微企业职业健康帮扶行动（2024-2025年）实施方案';

/** Assistance programme id of the Yunnan 五个一 (matches `assistance.programme`). */
export const YUNNAN_PROGRAMME = 'yunnan-five-ones';

/** A citation of this pack's document (seed 004). */
export const yunnanSource = citeSeed(YUNNAN_DOC, '004');

/** The forecast of the yearly count: the programme's first lists were due on 2024-08-30. */
const COUNT_FORECAST = linearProgrammeCount({
  zh: '于2024年下半年（帮扶清单2024年8月30日前报送）',
  en: 'in the second half of 2024 (lists due by 2024-08-30)',
});

/** Indicators of the Yunnan pack, before their forecast methods. */
const rules: PackIndicator[] = [
  smesAssistedIndicator(
    YUNNAN_PROGRAMME,
    yunnanSource('一', '每个县（市、区）每年帮扶中小微企业数量不少于20家（见附表1）'),
  ),
  ...smeCoreRateIndicators(
    YUNNAN_PROGRAMME,
    yunnanSource(
      '一',
      '被帮扶企业的职业病危害项目申报率、工作场所职业病危害因素定期检测率、职业健康检查开展率、职业健康培训率均达到100%（2024年达到90%）',
    ),
    // 五个一 item 1 (二(三)1): 可结合职业病防治项目工作，为其开展工作场所职业病危害因素检测 — a
    // monitoring-project test done for the assisted SME counts for its testing rate.
    { testingProgrammes: ['periodic', 'monitoring'] },
  ),
];

/** Indicators of the Yunnan pack. */
export const indicators: PackIndicator[] = rules.map((i) => ({
  ...i,
  forecast: i.kind === 'proportion' ? HOLD_COHORT_RATE : COUNT_FORECAST,
}));
