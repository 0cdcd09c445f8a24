import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { formatVnd } from '../../../shared/domain/fees.ts';
import { request } from '../lib/api.ts';
import { PageHeading, Spinner, useTitle } from '../ui/components.ts';

interface Returned {
  verified: boolean;
  outcome?: 'PAID' | 'CANCELLED' | 'FAILED' | 'PENDING';
  recorded?: string;
  stage?: string;
  code?: string;
  procedureCode?: string;
  draft?: boolean;
  amountVnd?: number;
}

/**
 * Where the payment gateway sends the citizen back (docs/payments.md): the API checks what the
 * browser brought (signature, order) and says what the system has recorded; the page says it in
 * words and links back to the form (a draft) or the look-up (a submitted dossier).
 */
export function PaymentReturnPage() {
  const [r, setR] = useState<Returned | undefined>();
  useTitle('Kết quả thanh toán');
  useEffect(() => {
    request<Returned>('GET', `/payments/vnpay/return${window.location.search}`)
      .then(setR)
      .catch(() => setR({ verified: false }));
  }, []);
  if (!r) return h(Spinner, null);
  const text = !r.verified
    ? 'Không xác nhận được kết quả thanh toán này. Hãy tra cứu hồ sơ để xem trạng thái phí, lệ phí.'
    : r.recorded === 'PAID'
      ? `Đã thanh toán ${formatVnd(r.amountVnd ?? 0)}.`
      : r.outcome === 'PAID'
        ? 'Cổng thanh toán báo đã thanh toán; hệ thống đang chờ xác nhận và sẽ tự cập nhật trong ít phút.'
        : r.outcome === 'CANCELLED'
          ? 'Bạn đã huỷ giao dịch. Phí, lệ phí chưa được thanh toán.'
          : 'Thanh toán không thành công. Phí, lệ phí chưa được thanh toán.';
  const next =
    r.draft && r.procedureCode
      ? h('a', { href: `/apply/${r.procedureCode}/review` }, 'Quay lại hồ sơ để nộp')
      : h('a', { href: '/lookup' }, 'Tra cứu hồ sơ');
  return h(
    'div',
    { class: 'grid-row' },
    h(
      'div',
      { class: 'two-thirds' },
      h(PageHeading, null, 'Kết quả thanh toán'),
      h('p', { class: 'body', role: 'status' }, text),
      h('p', { class: 'body' }, next),
    ),
  );
}
