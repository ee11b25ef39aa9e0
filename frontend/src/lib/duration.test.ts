import { describe, expect, it } from "vitest";

import { formatDuration } from "./duration";

describe("call durations", () => {
  it.each([
    [0, "0:00"],
    [42, "0:42"],
    [725, "12:05"],
    [3723, "1:02:03"],
    [-5, "0:00"],
  ])("%i s reads %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
