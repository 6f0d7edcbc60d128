import { Link, useCreatePath } from 'react-admin';

/** A link to another record of the console, labelled with its id (an API id, never merchant text). */
export const RecordLink = ({ resource, id }: { resource: string; id: string | null | undefined }) => {
  const createPath = useCreatePath();
  if (!id) return <>—</>;
  return <Link to={createPath({ resource, id, type: 'show' })}>{id}</Link>;
};
