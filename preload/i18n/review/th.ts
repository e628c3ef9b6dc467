import type { ReviewMessages } from './en.ts';

export const review: ReviewMessages = {
};
