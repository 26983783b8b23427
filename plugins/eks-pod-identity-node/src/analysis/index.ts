export { InventoryAnalyzer } from './InventoryAnalyzer';
export type { InventoryAnalyzerOptions } from './InventoryAnalyzer';
export { ActionCatalogue } from './catalogue/ActionCatalogue';
export type { CatalogueAction } from './catalogue/ActionCatalogue';
export { readAnalysisSettings, DEFAULT_ANALYSIS_SETTINGS } from './settings';
export type {
  AnalysisInput,
  AnalysisSettings,
  ContestedClaim,
  InventoryAnalysis,
  PermissionsBoundaryPolicy,
  ScopedTrustPolicy,
  ServiceAccountKey,
  SimulationQuestion,
} from './types';
export { mappingContestedFinding } from './findings/mappingFindings';
