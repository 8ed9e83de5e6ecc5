// /supervisor/reports/lines: lines and IVR steps (being built; see issue 17).
import { Empty } from 'antd';

export function LinesIvrTab() {
  return <Empty />;
}
