export { DefaultInventoryAnalyzer } from './DefaultInventoryAnalyzer';
export type { DefaultInventoryAnalyzerOptions } from './DefaultInventoryAnalyzer';
export { ActionCatalogue } from './catalogue/ActionCatalogue';
export type { CatalogueAction } from './catalogue/ActionCatalogue';
export {
  readAnalysisSettings,
  readLastAccessedWindowDays,
  DEFAULT_ANALYSIS_SETTINGS,
} from './settings';
export { narrowPolicy, unusedGrants } from './lastAccessed/unusedGrants';
export type {
  UnusedGrants,
  UnusedStatement,
} from './lastAccessed/unusedGrants';
export type {
  AnalysisInput,
  AnalysisSettings,
  ContestedClaim,
  InventoryAnalysis,
  InventoryAnalyzer,
  PermissionsBoundaryPolicy,
  ScopedTrustPolicy,
  ServiceAccountKey,
  SimulationQuestion,
} from './types';
export { mappingContestedFinding } from './findings/mappingFindings';
