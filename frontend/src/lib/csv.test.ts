import { describe, expect, it } from "vitest";

import { detectDelimiter, formatCsvRow, headerKey, parseCsv } from "./csv";

describe("reading CSV", () => {
  it("reads quoted cells, doubled quotes, CRLF and a byte-order mark", () => {
    const records = parseCsv('\ufeffa,b\r\n"x, y","say ""hi"""\r\n');
    expect(records).toEqual([
      { line: 1, lines: 1, cells: ["a", "b"] },
      { line: 2, lines: 1, cells: ["x, y", 'say "hi"'] },
    ]);
  });

  it("keeps the line each record starts on, across blank lines and cells with line breaks", () => {
    const records = parseCsv('h\n\n"two\nlines"\nlast');
    expect(records.map((record) => [record.line, record.lines, record.cells])).toEqual([
      [1, 1, ["h"]],
      [2, 1, []],
      [3, 2, ["two\nlines"]],
      [5, 1, ["last"]],
    ]);
  });

  it("stops after maxRecords", () => {
    expect(parseCsv("a\nb\nc\n", ",", 2)).toHaveLength(2);
  });

  it("guesses the delimiter from the first line", () => {
    expect(detectDelimiter("a;b;c\n1;2,5;3")).toBe(";");
    expect(detectDelimiter("a\tb\n")).toBe("\t");
    expect(detectDelimiter("single\n")).toBe(",");
  });
});

describe("writing CSV", () => {
  it("quotes only what needs quoting", () => {
    expect(formatCsvRow(["44", "Isle of Man, mobile", 'a "b"', "two\nlines", ""])).toBe('44,"Isle of Man, mobile","a ""b""","two\nlines",');
  });
});

describe("header names", () => {
  it("compare like the server compares them", () => {
    expect(headerKey(" Price (EUR) ")).toBe("price");
    expect(headerKey("\ufeffPrefix")).toBe("prefix");
  });
});
