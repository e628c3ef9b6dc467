// The shell's messages in English, the source language: the header, navigation, connection, theme and language.
// A message without parameters is a string; one with parameters is a function of them (the caller formats numbers,
// dates and sizes first; a count used to choose a plural is passed as a number and shown as it is). Every translation
// (th.ts, pt-BR.ts, vi.ts next to this file) has the type below.
export const shell = {
  shell_language: 'Language',
};

export type ShellMessages = typeof shell;
