import TuneIcon from '@mui/icons-material/Tune';
import { CheckoutConfigurationList } from './CheckoutConfigurationList';
import { CheckoutConfigurationShow } from './CheckoutConfigurationShow';

export default {
  list: CheckoutConfigurationList,
  show: CheckoutConfigurationShow,
  icon: TuneIcon,
  recordRepresentation: 'name',
};
