import { Pagination, useListContext } from 'react-admin';

/**
 * react-admin's pagination, but honest about the API's capped count: past 10,000 matches the
 * total is a floor, shown as "more than 10,000".
 */
export const CappedPagination = () => {
  const { meta } = useListContext();
  const exact = (meta as { totalIsExact?: boolean } | undefined)?.totalIsExact !== false;
  const label = ({ from, to, count }: { from: number; to: number; count: number }) =>
    exact ? `${from}–${to} of ${count.toLocaleString()}` : `${from}–${to} of more than ${count.toLocaleString()}`;
  // Pagination passes extra props on to MUI's TablePagination; its types just do not list this one.
  const tablePaginationProps: Record<string, unknown> = { labelDisplayedRows: label };
  return <Pagination rowsPerPageOptions={[10, 25, 50, 100]} {...tablePaginationProps} />;
};
