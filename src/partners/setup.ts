/**
 * Wiring of the partner feature for the app and the CLI: the sample directory file upserted into the store
 * (idempotent, so every start and every replica may do it), the in-memory directory loaded, and the
 * referral service over them.
 */
import { existsSync } from "node:fs";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Logger } from "../logging.ts";
import { ReferralService } from "../referrals/ReferralService.ts";
import type { Store } from "../store/Store.ts";
import { loadDirectoryFile } from "./directory.ts";
import { PartnerDirectory } from "./PartnerDirectory.ts";
import { partnerMatcher } from "./answer-matcher.ts";
import { needVocabulary, type NeedVocabulary } from "./need.ts";

export interface PartnerServices {
  directory: PartnerDirectory;
  referrals: ReferralService;
  vocabulary: NeedVocabulary;
  matchForAnswer: ReturnType<typeof partnerMatcher>;
}

export async function createPartnerServices(
  config: Config,
  store: Store,
  logger: Logger,
  clock: Clock,
  playbooks: { id: string; systems?: string[]; aliases?: string[] }[] = [],
): Promise<PartnerServices> {
  if (existsSync(config.partners.file)) {
    const file = await loadDirectoryFile(config.partners.file);
    await store.partners.importDirectory(file, clock());
    logger.info({ firms: file.firms.length, consultants: file.consultants.length }, "partner directory file loaded");
  } else {
    logger.warn({ file: config.partners.file }, "partner directory file not found (PARTNERS_FILE); using what the store holds");
  }
  const directory = new PartnerDirectory({ store: store.partners, clock });
  await directory.load();
  const vocabulary = needVocabulary(playbooks);
  const referrals = new ReferralService({
    store,
    directory,
    clock,
    logger,
    pmoUserIds: config.partners.pmoUserIds,
    slaHours: config.partners.slaHours,
    vocabulary,
  });
  return { directory, referrals, vocabulary, matchForAnswer: partnerMatcher(directory, vocabulary) };
}
