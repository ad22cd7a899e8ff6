/**
 * @module employer
 */

export type { IndustryCode, SizeClass } from './classification.js';
export {
  INDUSTRY_SECTIONS,
  industrialSizeClass,
  industryCodeSchema,
  isIndustrialIndustry,
  parseIndustryCode,
  SIZE_CLASS_LABELS,
  SIZE_CLASSES,
} from './classification.js';
export type { CreditCodeParts, CreditCodeProblem } from './credit-code.js';
export {
  CREDIT_CODE_CHARSET,
  creditCodeCheckCharacter,
  creditCodeProblem,
  isValidCreditCode,
  parseCreditCode,
  REGISTRATION_AUTHORITIES,
} from './credit-code.js';
export type { Employer, EmployerInput, EmployerStatus, HazardLevel } from './employer.js';
export {
  creditCodeSchema,
  EMPLOYER_STATUSES,
  employerSchema,
  HAZARD_LEVELS,
  hasSevereHazard,
  isActiveOn,
  isIndustrial,
  isSme,
  parseEmployer,
  SUSPENSION_GRACE_MONTHS,
  statusChangeSchema,
  statusOn,
} from './employer.js';
