import { ListItemText, MenuItem } from '@mui/material';
import type { ReactNode } from 'react';
import { AppBar, Layout as RaLayout, Logout, Menu, Notification, TitlePortal, useGetIdentity, usePermissions, UserMenu } from 'react-admin';

/** Who is signed in, with which role, and the way out. */
const StaffMenu = () => {
  const { identity } = useGetIdentity();
  const { permissions } = usePermissions<string>();
  return (
    <UserMenu>
      <MenuItem disabled data-testid="signed-in-as">
        <ListItemText primary={identity?.fullName ?? ''} secondary={permissions ? `Role: ${permissions}` : undefined} />
      </MenuItem>
      <Logout data-testid="logout" />
    </UserMenu>
  );
};

// A long page title is cut rather than pushing the user menu out of a phone's window.
const StaffAppBar = () => (
  <AppBar userMenu={<StaffMenu />}>
    <TitlePortal sx={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} />
  </AppBar>
);

/** The sidebar: the landing page is called what it is (the overview), then every resource. */
const SideMenu = () => (
  <Menu>
    <Menu.DashboardItem primaryText="Overview" />
    <Menu.ResourceItems />
  </Menu>
);

/**
 * Notifications over the app bar, at the top: what they report on (a status chip, the rows just
 * canceled, the list's last rows) is in the page below, which they would otherwise cover.
 */
export const StaffNotification = () => <Notification anchorOrigin={{ vertical: 'top', horizontal: 'center' }} sx={{ top: { xs: 4, sm: 4 } }} data-testid="notification" />;

/**
 * react-admin's layout grows to fit its widest content (min-width: fit-content), which made the
 * whole page wider than a phone, or a 1,440 px window with a long reference in the list. Here the
 * page keeps the window's width: long values are cut in their cells and a table that is still too
 * wide scrolls inside itself.
 */
export const Layout = ({ children }: { children: ReactNode }) => (
  <RaLayout appBar={StaffAppBar} menu={SideMenu} sx={{ minWidth: 0, '& .RaLayout-appFrame, & .RaLayout-contentWithSidebar, & .RaLayout-content': { minWidth: 0 } }}>
    {children}
  </RaLayout>
);
