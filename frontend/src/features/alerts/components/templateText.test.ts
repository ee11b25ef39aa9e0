import { describe, expect, it } from "vitest";

import { insertPlaceholder, placeholderNames, unknownPlaceholders } from "./templateText";

describe("placeholderNames", () => {
  it("finds each variable once, with or without spaces, filters or whitespace control", () => {
    expect(placeholderNames("Hi {{user_name}}, {{ balance }} {{ currency|upper }} {{- user_name }}")).toEqual(["user_name", "balance", "currency"]);
    expect(placeholderNames("No placeholders, {single} braces")).toEqual([]);
  });
});

describe("unknownPlaceholders", () => {
  it("names the variables the kind does not have", () => {
    expect(unknownPlaceholders("{{ user_name }} is below {{ treshold }} ({{ invoice_total }})", ["user_name", "threshold"])).toEqual(["treshold", "invoice_total"]);
    expect(unknownPlaceholders("{{ threshold }}", ["threshold"])).toEqual([]);
  });
});

describe("insertPlaceholder", () => {
  it("replaces the selection and puts the caret after the placeholder", () => {
    expect(insertPlaceholder("Hello X!", 6, 7, "user_name")).toEqual({ text: "Hello {{ user_name }}!", caret: 21 });
    expect(insertPlaceholder("Hi", 2, 2, "company")).toEqual({ text: "Hi{{ company }}", caret: 15 });
  });

  it("keeps out-of-range positions inside the text", () => {
    expect(insertPlaceholder("ab", 10, 1, "x")).toEqual({ text: "ab{{ x }}", caret: 9 });
  });
});
