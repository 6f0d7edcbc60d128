import ContactsIcon from '@mui/icons-material/Contacts';
import { ContactList } from './ContactList';
import { ContactShow } from './ContactShow';

export default {
  list: ContactList,
  show: ContactShow,
  icon: ContactsIcon,
  recordRepresentation: 'name',
};
