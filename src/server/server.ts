// Language server entry (placeholder until the server lands).
import { loadGo } from '../analysis/parser';
void loadGo();
