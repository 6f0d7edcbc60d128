import { Admin, Resource } from 'react-admin';
import { BrowserRouter } from 'react-router-dom';
import { authProvider } from './authProvider';
import checkoutConfigurations from './checkout-configurations';
import contacts from './contacts';
import { dataProvider } from './dataProvider';
import { Layout, StaffNotification } from './Layout';
import { LoginPage } from './LoginPage';
import organizations from './organizations';
import paymentSessions from './payment-sessions';

/**
 * The staff console. Served by the API at /admin (browser history under that base, so every
 * page has a real URL), talking only to /admin-api. The first resource is the home page: a
 * newcomer lands on the payment sessions list right after signing in.
 */
export const App = () => (
  <BrowserRouter basename="/admin">
    <Admin dataProvider={dataProvider} authProvider={authProvider} loginPage={LoginPage} layout={Layout} notification={StaffNotification} title="Paysession staff console" requireAuth disableTelemetry>
      <Resource name="payment-sessions" options={{ label: 'Payment sessions' }} {...paymentSessions} />
      <Resource name="organizations" {...organizations} />
      <Resource name="contacts" {...contacts} />
      <Resource name="checkout-configurations" options={{ label: 'Checkout configurations' }} {...checkoutConfigurations} />
    </Admin>
  </BrowserRouter>
);
