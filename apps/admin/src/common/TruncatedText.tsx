import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { Box, IconButton } from '@mui/material';
import type { MouseEvent } from 'react';
import { useNotify } from 'react-admin';

/**
 * Copies `value` to the clipboard. Stops the click there, so that a copy inside a clickable row
 * does not also open the row.
 */
export const CopyButton = ({ value, label }: { value: string; label: string }) => {
  const notify = useNotify();
  const copy = async (event: MouseEvent) => {
    event.stopPropagation();
    event.preventDefault();
    try {
      await navigator.clipboard.writeText(value);
      notify(`${label} copied`, { type: 'info', autoHideDuration: 2000 });
    } catch {
      notify(`The ${label.toLowerCase()} could not be copied; select it on the session's page`, { type: 'warning' });
    }
  };
  return (
    <IconButton size="small" onClick={copy} aria-label={`Copy ${label.toLowerCase()}`} title={`Copy ${label.toLowerCase()}`} data-testid="copy-value" sx={{ p: 0.25 }}>
      <ContentCopyIcon sx={{ fontSize: 14 }} />
    </IconButton>
  );
};

/**
 * Merchant text of any length in a cell of bounded width: one line, cut with an ellipsis, the
 * whole value on hover (title) and one click from the clipboard. `label` names the value for the
 * copy button ("Transaction ref"). Rendered as React text, never as markup.
 */
export const TruncatedText = ({
  value,
  maxWidth,
  label,
  code = false,
  copy = true,
  testId,
}: {
  value: string | null | undefined;
  maxWidth: number | string;
  label: string;
  code?: boolean;
  copy?: boolean;
  testId?: string;
}) => {
  if (!value) return <>—</>;
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.25, maxWidth, minWidth: 0 }}>
      <Box
        component={code ? 'code' : 'span'}
        title={value}
        data-testid={testId}
        sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 }}
      >
        {value}
      </Box>
      {copy && <CopyButton value={value} label={label} />}
    </Box>
  );
};
