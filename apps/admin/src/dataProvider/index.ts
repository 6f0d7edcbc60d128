export { dataProvider, paymentSessionsCsvUrl, type AdminDataProvider } from './dataProvider';
export { adminApi, type AdminApiErrorBody } from './graphql';
export { DOCUMENTS } from './documents';
export * from './types';
