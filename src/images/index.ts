export { decodeBase64, isStrictBase64, type DecodedBase64 } from './base64.js';
export {
  extensionFor,
  formatFromDeclared,
  readDimensions,
  sniffFormat,
  type Dimensions,
  type ImageFormat,
} from './sniff.js';
export { DEFAULT_MAX_INFLATE_BYTES, validateImage, type ImageCheck, type ValidateOptions } from './validate.js';
