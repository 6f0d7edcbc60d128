import { Admin, Resource } from 'react-admin';
import { BrowserRouter } from 'react-router-dom';
import { authProvider } from './authProvider';
import checkoutConfigurations from './checkout-configurations';
import contacts from './contacts';
import { dataProvider } from './dataProvider';
import { Layout, StaffNotification } from './Layout';
import { LoginPage } from './LoginPage';
import organizations from './organizations';
import { OverviewPage } from './overview/OverviewPage';
import paymentSessions from './payment-sessions';

/**
 * The staff console. Served by the API at /admin (browser history under that base, so every
 * page has a real URL), talking only to /admin-api. The home page, where a newcomer lands right
 * after signing in, is the overview (issue 19): what happened and what needs attention.
 */
export const App = () => (
  <BrowserRouter basename="/admin">
    <Admin dashboard={OverviewPage} dataProvider={dataProvider} authProvider={authProvider} loginPage={LoginPage} layout={Layout} notification={StaffNotification} title="Paysession staff console" requireAuth disableTelemetry>
      <Resource name="payment-sessions" options={{ label: 'Payment sessions' }} {...paymentSessions} />
      <Resource name="organizations" {...organizations} />
      <Resource name="contacts" {...contacts} />
      <Resource name="checkout-configurations" options={{ label: 'Checkout configurations' }} {...checkoutConfigurations} />
    </Admin>
  </BrowserRouter>
);
