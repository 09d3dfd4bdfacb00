import path from "node:path";
import { fileURLToPath } from "node:url";
import { describeBalancedPlantedSet } from "../lint/balanced-set-suite.ts";

describeBalancedPlantedSet(path.dirname(fileURLToPath(import.meta.url)), "third development set of planted contradictions (test/eval/lint-dev-3)", "planted-dev-3");
