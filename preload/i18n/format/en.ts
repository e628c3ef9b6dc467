// The format messages in English, the source language. A message without parameters is a string; one with parameters
// is a function of them. Every translation (th.ts, pt-BR.ts, vi.ts next to this file) has the type below.
export const format = {
};

export type FormatMessages = typeof format;
