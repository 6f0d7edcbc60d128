import { Foundation1732200000000 } from './1732200000000-foundation';

/** Every migration, oldest first. */
export const MIGRATIONS = [Foundation1732200000000];
