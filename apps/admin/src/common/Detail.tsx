import { Box, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';

/**
 * One labelled value of a show page. Values are rendered as React text, so whatever a merchant
 * sent (names, references, URLs) is displayed, never interpreted as markup.
 */
export const Detail = ({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) => (
  <Box sx={{ minWidth: 180 }}>
    <Typography variant="caption" color="text.secondary" component="div">
      {label}
    </Typography>
    <Typography variant="body2" component="div" data-testid={testId} sx={{ overflowWrap: 'anywhere' }}>
      {children === null || children === undefined || children === '' ? '—' : children}
    </Typography>
  </Box>
);

/** A titled group of Details. */
export const Section = ({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) => (
  <Box component="section" sx={{ mb: 3 }} data-testid={testId} aria-label={title}>
    <Typography variant="subtitle1" component="h2" sx={{ mb: 1, fontWeight: 600 }}>
      {title}
    </Typography>
    <Stack direction="row" useFlexGap sx={{ flexWrap: 'wrap', gap: 2 }}>
      {children}
    </Stack>
  </Box>
);
