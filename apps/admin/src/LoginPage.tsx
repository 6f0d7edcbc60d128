import { Typography } from '@mui/material';
import { Login, LoginForm, PasswordInput, required, TextInput } from 'react-admin';

/** Sign-in with email and password against /admin-api (the session lives in an httpOnly cookie). */
export const LoginPage = () => (
  <Login>
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
      No account yet? Whoever runs the server creates one:{' '}
      <code>npm run --silent cli -- staff create --email you@example.com --role admin</code> (the password is read from stdin).
    </Typography>
  </Login>
);
