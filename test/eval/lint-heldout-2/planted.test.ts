import path from "node:path";
import { fileURLToPath } from "node:url";
import { describeBalancedPlantedSet } from "../lint/balanced-set-suite.ts";

describeBalancedPlantedSet(path.dirname(fileURLToPath(import.meta.url)), "second held-out set of planted contradictions (test/eval/lint-heldout-2)", "planted-heldout-2");
