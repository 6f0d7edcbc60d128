import ReceiptLongIcon from '@mui/icons-material/ReceiptLong';
import { PaymentSessionList } from './PaymentSessionList';
import { PaymentSessionShow } from './PaymentSessionShow';

export default {
  list: PaymentSessionList,
  show: PaymentSessionShow,
  icon: ReceiptLongIcon,
};
