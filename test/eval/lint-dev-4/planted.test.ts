import path from "node:path";
import { fileURLToPath } from "node:url";
import { describeBalancedPlantedSet } from "../lint/balanced-set-suite.ts";

describeBalancedPlantedSet(path.dirname(fileURLToPath(import.meta.url)), "development set 4 of planted contradictions (test/eval/lint-dev-4)", "planted-dev-4");
