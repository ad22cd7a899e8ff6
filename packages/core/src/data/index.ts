/**
 * @module data
 */
export {
  dataElementIdSchema,
  dataElementSchema,
  dataValueKey,
  dataValueSchema,
  decimalValueSchema,
  parseDataValue,
} from './data.js';
export type { DataElement, DataValue, DataValueInput } from './data.js';
