import { expect, test } from "bun:test";
import { escapeBytes } from "../../src/fs/escape-bytes.ts";

const bytes = (...list: number[]) => Uint8Array.from(list);
const utf8 = (text: string) => new TextEncoder().encode(text);

test.each([
  ["plain ASCII", utf8("index.ts"), "index.ts"],
  ["valid UTF-8 stays text", utf8("café-ü-€-😀"), "café-ü-€-😀"],
  ["a Latin-1 é", bytes(0x63, 0x61, 0x66, 0xe9), "caf\\xe9"],
  ["two bad bytes in a row", bytes(0x61, 0xff, 0xfe, 0x62), "a\\xff\\xfeb"],
  ["a lone continuation byte", bytes(0x80), "\\x80"],
  ["an overlong slash (C0 AF)", bytes(0xc0, 0xaf), "\\xc0\\xaf"],
  ["overlong 3-byte (E0 80 AF)", bytes(0xe0, 0x80, 0xaf), "\\xe0\\x80\\xaf"],
  ["a UTF-16 surrogate (ED A0 80)", bytes(0xed, 0xa0, 0x80), "\\xed\\xa0\\x80"],
  ["above U+10FFFF (F4 90 80 80)", bytes(0xf4, 0x90, 0x80, 0x80), "\\xf4\\x90\\x80\\x80"],
  ["a truncated sequence at the end", bytes(0x61, 0xe2, 0x82), "a\\xe2\\x82"],
  ["valid text after a bad byte", bytes(0xe9, ...utf8("/index.ts")), "\\xe9/index.ts"],
  ["a real U+FFFD is text", utf8("ok\uFFFD"), "ok\uFFFD"],
])("%s", (_name, input, shown) => {
  expect(escapeBytes(input)).toBe(shown);
});
