import { Box, Typography } from '@mui/material';
import { Login, LoginForm, PasswordInput, required, TextInput } from 'react-admin';

/**
 * Sign-in with email and password against /admin-api (the sign-in lives in an httpOnly cookie).
 * The page names the product; how accounts are made is the operator's business (README), not
 * something to show every visitor.
 */
export const LoginPage = () => (
  <Login>
    <Box sx={{ textAlign: 'center', px: 2, pt: 1 }}>
      <Typography variant="h5" component="h1" data-testid="product-name" sx={{ fontWeight: 600 }}>
        Paysession
      </Typography>
      <Typography variant="body2" color="text.secondary">
        Staff console
      </Typography>
    </Box>
    <LoginForm>
      <TextInput
        autoFocus
        source="email"
        label="Email"
        type="email"
        autoComplete="username"
        validate={required()}
        slotProps={{ htmlInput: { 'aria-label': 'Email' } }}
      />
      <PasswordInput source="password" label="Password" autoComplete="current-password" validate={required()} slotProps={{ htmlInput: { 'aria-label': 'Password' } }} />
    </LoginForm>
    <Typography variant="caption" component="p" color="text.secondary" sx={{ px: 2, pb: 2, maxWidth: 300 }}>
      No account yet? Ask an administrator of the console for one.
    </Typography>
  </Login>
);
