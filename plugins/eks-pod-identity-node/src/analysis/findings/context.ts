import type { AccessCalculator } from '../access/AccessCalculator';
import type { ActionCatalogue } from '../catalogue/ActionCatalogue';
import type { InventoryIndex } from '../InventoryIndex';
import type { RoleLastAccessedRecord } from '../../inventory/types';
import type { AnalysisSettings, ContestedClaim } from '../types';

/** What every finding rule may consult. */
export interface FindingContext {
  index: InventoryIndex;
  access: AccessCalculator;
  catalogue: ActionCatalogue;
  settings: AnalysisSettings;
  now: Date;
  /** Service accounts a catalog entity maps to; absent when the catalog is unknown. */
  owned?: ReadonlySet<string>;
  contestedClaims?: ContestedClaim[];
  /** IAM's service last accessed reports by role ARN. */
  lastAccessed?: ReadonlyMap<string, RoleLastAccessedRecord>;
}
