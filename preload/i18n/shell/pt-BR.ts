import type { ShellMessages } from './en.ts';

export const shell: ShellMessages = {
  shell_language: 'Idioma',
};
