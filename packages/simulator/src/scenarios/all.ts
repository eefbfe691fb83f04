// Every labelled scenario, in the order each hour's requests are drawn: a
// new scenario goes at the end (with a stream of its own), so the requests
// of every existing one stay as they were for a given seed.
import type { Scenario } from "../world";
import { accountTakeover } from "./account-takeover";
import { accountTargeting } from "./account-targeting";
import { businessTeams } from "./business-teams";
import { cardTesting } from "./card-testing";
import { createCancelAbuse } from "./create-cancel-abuse";
import { credentialStuffing } from "./credential-stuffing";
import { functionLevelAbuse } from "./function-level-abuse";
import { gatewayScanner } from "./gateway-scanner";
import { hoarding } from "./hoarding";
import { objectEnumeration } from "./object-enumeration";
import { revokedKey } from "./revoked-key";
import { scanner } from "./scanner";
import { scraping } from "./scraping";
import { sequentialTraveller } from "./sequential-traveller";
import { staff } from "./staff";
import { stolenKey } from "./stolen-key";
import { tenantTakeover } from "./tenant-takeover";
import { tokenReplay } from "./token-replay";

export const SCENARIOS: readonly Scenario[] = [
  credentialStuffing,
  objectEnumeration,
  scraping,
  stolenKey,
  staff,
  functionLevelAbuse,
  accountTakeover,
  createCancelAbuse,
  cardTesting,
  tokenReplay,
  accountTargeting,
  revokedKey,
  scanner,
  hoarding,
  gatewayScanner,
  sequentialTraveller,
  businessTeams,
  tenantTakeover,
];
