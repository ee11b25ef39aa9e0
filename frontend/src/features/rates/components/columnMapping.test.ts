import { describe, expect, it } from "vitest";

import { parseCsv } from "@/lib/csv";

import { detectPreset, mappingProblems, presetMismatch, remapToCellhub, sourceColumnName, suggestMapping } from "./columnMapping";

const DEFAULTS = { initial_block: "60", increment: "60" };

describe("detecting a preset from the header row", () => {
  it.each([
    [["prefix", "destination", "rate", "initblock", "billingblock", "connectcharge"], "cellhub"],
    [["Description", " Prefix", "RateValue", "Increment"], "ictvoip"],
    [["TargetName", "TargetPrefix", "Price", "billingblock(s)", "billpercall", "allowed", "latebill"], "ucrm"],
    [["\ufeffPREFIX", "Destination", "Rate", "InitBlock", "BillingBlock", "ConnectCharge"], "cellhub"],
  ])("reads %j as %s", (header, format) => {
    expect(detectPreset(header)).toBe(format);
  });

  it("finds no preset when a column is missing or extra", () => {
    expect(detectPreset(["prefix", "destination", "rate"])).toBeUndefined();
    expect(detectPreset(["Description", "Prefix", "RateValue", "Increment", "Notes"])).toBeUndefined();
  });

  it("says which columns keep a file from a preset", () => {
    expect(presetMismatch(["Prefix", "Description", "RateValue", "Notes"], "ictvoip")).toEqual({ missing: ["Increment"], unknown: ["Notes"] });
  });
});

describe("suggesting a column mapping", () => {
  it("maps columns by their usual names, whatever the order and case", () => {
    expect(suggestMapping(["Country", "Dial Code", "Price (USD)", "Connect Fee", "Notes"])).toEqual({
      destination: 0,
      prefix: 1,
      rate_per_minute: 2,
      connect_fee: 3,
    });
  });

  it("needs a prefix and a rate column, each column used once, and whole-second defaults", () => {
    expect(mappingProblems({ prefix: 0 }, DEFAULTS)).toEqual(["Choose the column for rate per minute."]);
    expect(mappingProblems({ prefix: 0, rate_per_minute: 0 }, DEFAULTS)).toEqual(["One column feeds both prefix and rate per minute."]);
    expect(mappingProblems({ prefix: 0, rate_per_minute: 1 }, { initial_block: "x", increment: "0" })).toHaveLength(2);
    expect(mappingProblems({ prefix: 0, rate_per_minute: 1 }, DEFAULTS)).toEqual([]);
  });
});

describe("rewriting a file into CellHub columns", () => {
  it("keeps the values, drops unmapped columns and fills the defaults", () => {
    const text = "Code;Name;Cost;Notes\r\n44;UK;0,01;x\r\n";
    const out = remapToCellhub(text, ";", { prefix: 0, destination: 1, rate_per_minute: 2 }, DEFAULTS);
    expect(out).toBe("prefix,destination,rate,initblock,billingblock,connectcharge\n44,UK,\"0,01\",60,60,\n");
  });

  it("keeps every record on the line it had, so the server's line numbers match the file", () => {
    const text = 'Code,Name,Rate,Notes\n1,US,0.01,ok\n\n44,"United\nKingdom",0.02,"a\nb\nc"\n49,DE,bad,\n';
    const out = remapToCellhub(text, ",", { prefix: 0, destination: 1, rate_per_minute: 2 }, DEFAULTS);
    const lines = (records: ReturnType<typeof parseCsv>) => records.filter((r) => r.cells.length > 0).map((r) => [r.line, r.cells[0]]);
    expect(lines(parseCsv(out))).toEqual(lines(parseCsv(text)).map(([line, cell], at) => [line, at === 0 ? "prefix" : cell]));
    expect(parseCsv(out).find((r) => r.cells[0] === "49")?.line).toBe(8);
  });

  it("names the user's own column in a server error", () => {
    expect(sourceColumnName("rate", ["Code", "Cost"], { prefix: 0, rate_per_minute: 1 })).toBe("Cost");
    expect(sourceColumnName("connectcharge", ["Code", "Cost"], { prefix: 0, rate_per_minute: 1 })).toBe("connectcharge");
  });
});
