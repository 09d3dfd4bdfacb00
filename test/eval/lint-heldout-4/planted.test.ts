import path from "node:path";
import { fileURLToPath } from "node:url";
import { describeBalancedPlantedSet } from "../lint/balanced-set-suite.ts";

describeBalancedPlantedSet(path.dirname(fileURLToPath(import.meta.url)), "held-out set 4 of planted contradictions (test/eval/lint-heldout-4)", "planted-heldout-4");
