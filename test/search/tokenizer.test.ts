import { describe, expect, it } from "vitest";
import { processTerm, tokenizeText } from "../../src/search/tokenizer.js";

const terms = (text: string) =>
  tokenizeText(text)
    .map(processTerm)
    .filter((t) => t !== null);

describe("the search tokenizer", () => {
  it("keeps a dotted identifier whole and split", () => {
    expect(terms("mlserver.settings.ModelSettings")).toEqual(
      expect.arrayContaining([
        "mlserver.settings.modelsettings",
        "mlserver",
        "settings",
        "modelsettings",
        "model",
      ]),
    );
  });

  it("keeps a snake_case identifier whole and split", () => {
    expect(terms("model_settings.json missing")).toEqual(
      expect.arrayContaining([
        "model_settings.json",
        "model_settings",
        "model",
        "settings",
        "json",
        "missing",
      ]),
    );
  });

  it("splits CamelCase exception names into words too", () => {
    expect(terms("ModuleNotFoundError")).toEqual(["modulenotfounderror", "module", "not", "found", "error"]);
  });

  it("drops stop words and single characters", () => {
    expect(terms("the model is a b")).toEqual(["model"]);
  });
});
