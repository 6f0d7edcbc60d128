import { Box } from '@mui/material';
import { type RaRecord, ReferenceField, useRecordContext } from 'react-admin';

const Name = ({ maxWidth, testId }: { maxWidth?: number | string; testId?: string }) => {
  const record = useRecordContext<{ id: string; name?: string | null }>();
  if (!record) return null;
  const name = record.name || String(record.id);
  return (
    <Box
      component="span"
      title={name}
      data-testid={testId}
      sx={maxWidth === undefined ? { overflowWrap: 'anywhere' } : { display: 'inline-block', maxWidth, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', verticalAlign: 'bottom' }}
    >
      {name}
    </Box>
  );
};

/**
 * Another record named in words: its `name` (an organization's, a checkout configuration's),
 * linked to its page, for the id held in `source` of the current record (or of `record`).
 * react-admin's ReferenceField reads the referenced records of a whole page in one `getMany`
 * (one request, one query), not one per row. `maxWidth` cuts a long name to one line, whole on
 * hover; without it the name wraps. Merchant text, rendered as React text.
 */
export const RecordName = ({
  source,
  reference,
  record,
  maxWidth,
  testId,
}: {
  source: string;
  reference: string;
  record?: RaRecord;
  maxWidth?: number | string;
  testId?: string;
}) => (
  <ReferenceField source={source} reference={reference} record={record} link="show" emptyText="—">
    <Name maxWidth={maxWidth} testId={testId} />
  </ReferenceField>
);
