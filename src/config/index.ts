/** Public surface of the configuration layer: the document, its validation, and its store. */
export * from "./schema.js";
export { validateConfig } from "./validate.js";
export { formatIssue, type ConfigIssue } from "./reader.js";
export { checkSipTarget, type SipTarget, type SipTargetRules } from "./sip-target.js";
export { checkDialTarget } from "./read-features.js";
export { applyFeatureChange, type FeatureChange } from "./feature-change.js";
export { defaultStarCodes, FEATURE_CODES, starCodeProblems, STAR_CODE_FORM, type FeatureCode, type StarCodeProblem, type StarCodeTable } from "./star-code-table.js";
export { REDACTED, redacted } from "./secrets.js";
export { hashPassword, verifyPassword, verifyAdminPassword } from "./password.js";
export { ConfigStore, ADMIN_PASSWORD_ENV, type ConfigStoreOptions, type ConfigLoadError, type ConfigChangeListener } from "./store.js";
export { nodeConfigFs, type ConfigFs } from "./config-fs.js";
export { applyOverrides, defaultConfigPath, parseCommandLine, readDeviceModel, USAGE, type CommandLine } from "./command-line.js";
