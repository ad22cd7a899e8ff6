/**
 * @module data
 */

export type { DataElement, DataValue, DataValueInput } from './data.js';
export {
  dataElementIdSchema,
  dataElementSchema,
  dataValueKey,
  dataValueSchema,
  decimalValueSchema,
  parseDataValue,
} from './data.js';
