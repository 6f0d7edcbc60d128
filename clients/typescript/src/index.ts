export * from './client';
export * from './graphql';
