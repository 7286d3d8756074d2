/** Public surface of the configuration layer: the document, its validation, and its store. */
export * from "./schema.js";
export { validateConfig } from "./validate.js";
export { formatIssue, type ConfigIssue } from "./reader.js";
export { checkSipTarget, type SipTarget } from "./sip-target.js";
export { REDACTED, redacted } from "./secrets.js";
export { hashPassword, verifyPassword, verifyAdminPassword } from "./password.js";
export { ConfigStore, ADMIN_PASSWORD_ENV, type ConfigStoreOptions, type ConfigLoadError, type ConfigChangeListener } from "./store.js";
export { nodeConfigFs, type ConfigFs } from "./config-fs.js";
export { applyOverrides, defaultConfigPath, parseCommandLine, readDeviceModel, USAGE, type CommandLine } from "./command-line.js";
