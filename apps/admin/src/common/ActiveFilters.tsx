import { Alert, Button } from '@mui/material';
import { useEffect, useRef } from 'react';
import { useListContext } from 'react-admin';

/** One filter as a person reads it: "status: Completed, Active". */
export interface FilterDescription {
  label: string;
  value: string;
}

/**
 * Says which filters are on, above the list, with a way to clear them all. react-admin keeps a
 * list's filters for the next visit; this banner keeps that from happening silently (issue 19).
 * `describe` turns the filter values into words; filters it does not name are still counted.
 */
export const ActiveFilters = ({ describe }: { describe: (values: Record<string, unknown>) => FilterDescription[] }) => {
  const { filterValues, setFilters } = useListContext();
  const described = describe(filterValues ?? {});
  if (!described.length) return null;
  return (
    <Alert
      severity="info"
      data-testid="active-filters"
      sx={{ mx: { xs: 0, sm: 1 }, my: 1, '& .MuiAlert-message': { minWidth: 0, overflowWrap: 'anywhere' } }}
      action={
        <Button color="inherit" size="small" onClick={() => setFilters({}, {})} aria-label="Clear all filters" data-testid="clear-filters">
          Clear
        </Button>
      }
    >
      Filtered by {described.map((f) => `${f.label} ${f.value}`).join('; ')}
    </Alert>
  );
};

/**
 * Clears the selection whenever the filter changes, so that a selection never holds rows the
 * current filter hides (issue 19: select under one search, search again, select more, and the
 * bulk cancel would take both). Rows of other pages of the same filter stay selected; the bulk
 * dialogs list every selected row.
 */
export const ClearSelectionOnFilterChange = () => {
  const { filterValues, onUnselectItems, selectedIds } = useListContext();
  const key = JSON.stringify(filterValues ?? {});
  const previous = useRef(key);
  useEffect(() => {
    if (previous.current === key) return;
    previous.current = key;
    if (selectedIds.length) onUnselectItems();
  }, [key, onUnselectItems, selectedIds.length]);
  return null;
};
