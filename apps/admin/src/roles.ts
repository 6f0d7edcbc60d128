import { usePermissions } from 'react-admin';
import type { StaffRole } from './dataProvider';

/** Whether the signed-in member may cancel payment sessions (operator, admin). */
export function useCanCancel(): boolean {
  const { permissions } = usePermissions<StaffRole>();
  return permissions === 'operator' || permissions === 'admin';
}
