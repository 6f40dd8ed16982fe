// Asks before what cannot be undone (deleting a row, certifying, returning, withdrawing): a form with
// data-confirm="question" opens a small dialog instead of submitting; "ยืนยัน" submits it with confirmed=yes.
// Without this script the server answers the same form with a confirmation page, so nothing happens unasked.
(() => {
  const en = document.documentElement.lang === 'en';
  const words = en ? { yes: 'Confirm', no: 'Cancel', title: 'Are you sure?' } : { yes: 'ยืนยัน', no: 'ยกเลิก', title: 'ยืนยันการดำเนินการ' };
  if (typeof HTMLDialogElement !== 'function') return; // the confirmation page serves older browsers

  const dialog = document.createElement('dialog');
  dialog.className = 'app-confirm';
  dialog.setAttribute('aria-labelledby', 'app-confirm-title');
  const title = document.createElement('h2');
  title.className = 'govuk-heading-m';
  title.id = 'app-confirm-title';
  title.textContent = words.title;
  const text = document.createElement('p');
  text.className = 'govuk-body';
  const buttons = document.createElement('div');
  buttons.className = 'govuk-button-group';
  const yes = document.createElement('button');
  yes.type = 'button';
  yes.className = 'govuk-button govuk-button--warning';
  yes.textContent = words.yes;
  const no = document.createElement('button');
  no.type = 'button';
  no.className = 'govuk-button govuk-button--secondary';
  no.textContent = words.no;
  buttons.append(yes, no);
  dialog.append(title, text, buttons);
  document.body.append(dialog);

  let pending = null;
  no.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    if (pending?.submitter) pending.submitter.focus();
    pending = null;
  });
  yes.addEventListener('click', () => {
    const p = pending;
    if (!p) return;
    const flag = document.createElement('input');
    flag.type = 'hidden';
    flag.name = 'confirmed';
    flag.value = 'yes';
    p.form.append(flag);
    pending = null;
    dialog.close();
    p.form.submit();
  });

  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
    if (form.querySelector('input[name="confirmed"]')) return;
    event.preventDefault();
    pending = { form, submitter: event.submitter ?? null };
    text.textContent = form.dataset.confirm;
    yes.textContent = form.dataset.confirmYes || words.yes;
    dialog.showModal();
    no.focus();
  });
})();
