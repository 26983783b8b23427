export { DefaultInventoryAnalyzer } from './DefaultInventoryAnalyzer';
export type { DefaultInventoryAnalyzerOptions } from './DefaultInventoryAnalyzer';
export { ActionCatalogue } from './catalogue/ActionCatalogue';
export type { CatalogueAction } from './catalogue/ActionCatalogue';
export { readAnalysisSettings, DEFAULT_ANALYSIS_SETTINGS } from './settings';
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
