/** Public surface of the calling features: the star-code matcher. */
export { StarCodes, takesNumber, type FeatureCode, type StarCodeMatch, type StarCodeTable } from "./star-codes.js";
