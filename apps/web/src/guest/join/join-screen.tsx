/** @jsxImportSource preact */
import type { PublicTableResponse } from '@plato/contracts';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../lib/api-client';
import { guestApi } from '../api';
import { useT } from '../i18n';
import { navigate, screenPath } from '../router';
import { LanguageSelect } from '../shell/guest-shell';
import { publicTable, refreshSession } from '../store';

type Problem =
  | { kind: 'wrong'; attemptsLeft: number }
  | { kind: 'blocked'; until: number }
  | { kind: 'noSession' }
  | { kind: 'nameInUse' }
  | { kind: 'rateLimited'; until: number }
  | { kind: 'network' }
  | { kind: 'other'; message: string };

/**
 * The table's page before joining: where you are, the PIN (submitted by
 * itself on its last digit; pasting works) and an optional name.
 */
export function JoinScreen({ qrToken, table }: { qrToken: string; table: PublicTableResponse }) {
  const t = useT();
  const [pin, setPin] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const now = useNow(problem?.kind === 'blocked' || problem?.kind === 'rateLimited');
  const waitSeconds =
    problem?.kind === 'blocked' || problem?.kind === 'rateLimited'
      ? Math.max(0, Math.ceil((problem.until - now) / 1000))
      : 0;
  const locked = waitSeconds > 0;

  useEffect(() => {
    if (!locked) pinRef.current?.focus();
  }, [locked]);

  async function submit(value: string) {
    if (busy || locked) return;
    setBusy(true);
    setProblem(null);
    try {
      await guestApi.join(qrToken, value, name.trim() || undefined);
      await refreshSession();
      navigate(screenPath(qrToken, 'menu'), { replace: true });
    } catch (error) {
      setPin('');
      setProblem(toProblem(error));
      if (error instanceof ApiError && error.code === 'NO_OPEN_SESSION') {
        publicTable.value = { ...table, sessionOpen: false };
      }
    } finally {
      setBusy(false);
    }
  }

  function onPinInput(raw: string) {
    const digits = raw.replace(/\D/g, '').slice(0, table.pinLength);
    setPin(digits);
    if (digits.length === table.pinLength) void submit(digits);
  }

  async function checkAgain() {
    const fresh = await guestApi.publicTable(qrToken).catch(() => null);
    if (fresh) publicTable.value = fresh;
    if (fresh?.sessionOpen) setProblem(null);
  }

  const message = problem && describe(problem, waitSeconds, t);
  const open = table.sessionOpen;
  return (
    <main class="join">
      <div class="join__top">
        <span class="brand" aria-hidden="true">
          Plato
        </span>
        <LanguageSelect />
      </div>
      <section class="join__card" aria-labelledby="table-title">
        <p class="eyebrow">{table.restaurant.name}</p>
        <h1 id="table-title">{table.table.name}</h1>
        {open ? (
          <p class="muted">{t('join.intro')}</p>
        ) : (
          <div class="alert alert--info" role="status">
            <p>{t('join.noSession')}</p>
            <button class="button button--secondary" type="button" onClick={() => void checkAgain()}>
              {t('join.checkAgain')}
            </button>
          </div>
        )}
        {open && (
          <form
            class="join__form"
            onSubmit={(e) => {
              e.preventDefault();
              if (pin.length === table.pinLength) void submit(pin);
            }}
          >
            <label class="field">
              <span class="field__label">{t('join.nameLabel')}</span>
              <input
                class="field__input"
                name="name"
                autocomplete="nickname"
                maxLength={40}
                value={name}
                onInput={(e) => setName(e.currentTarget.value)}
              />
            </label>
            <label class="field">
              <span class="field__label">{t('join.pinLabel', { count: table.pinLength })}</span>
              <input
                ref={pinRef}
                class="field__input pin-input"
                name="pin"
                inputMode="numeric"
                autocomplete="one-time-code"
                pattern="[0-9]*"
                maxLength={table.pinLength}
                value={pin}
                disabled={locked}
                aria-invalid={problem?.kind === 'wrong' ? true : undefined}
                aria-describedby={message ? 'join-problem' : undefined}
                onInput={(e) => onPinInput(e.currentTarget.value)}
              />
            </label>
            <button
              class="button button--primary button--block"
              type="submit"
              disabled={busy || locked || pin.length !== table.pinLength}
            >
              {busy ? t('join.joining') : t('join.submit')}
            </button>
          </form>
        )}
        <div role="alert" id="join-problem">
          {message && <p class="alert alert--error">{message}</p>}
        </div>
        {locked && (
          // A timer is not a live region: announcing every second would drown everything else out.
          <p class="countdown" role="timer">
            {t('join.tryAgainIn', { wait: formatWait(waitSeconds) })}
          </p>
        )}
      </section>
    </main>
  );
}

function toProblem(error: unknown): Problem {
  if (error instanceof TypeError) return { kind: 'network' };
  if (!(error instanceof ApiError)) return { kind: 'other', message: String(error) };
  const wait = Date.now() + (error.retryAfterSeconds ?? 60) * 1000;
  switch (error.code) {
    case 'PIN_INVALID':
      return { kind: 'wrong', attemptsLeft: Number((error.problem as { attemptsLeft?: number }).attemptsLeft ?? 0) };
    case 'PIN_BLOCKED':
      return { kind: 'blocked', until: wait };
    case 'RATE_LIMITED':
      return { kind: 'rateLimited', until: wait };
    case 'NO_OPEN_SESSION':
      return { kind: 'noSession' };
    case 'NAME_IN_USE':
      return { kind: 'nameInUse' };
    default:
      return { kind: 'other', message: error.problem.detail || error.problem.title };
  }
}

const formatWait = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

function describe(problem: Problem, waitSeconds: number, t: ReturnType<typeof useT>): string {
  switch (problem.kind) {
    case 'wrong':
      return problem.attemptsLeft > 0 ? t('join.wrongPin', { count: problem.attemptsLeft }) : t('join.wrongPinLast');
    case 'blocked':
      return waitSeconds > 0 ? t('join.blocked') : t('join.unblocked');
    case 'rateLimited':
      return waitSeconds > 0 ? t('join.rateLimited') : t('join.unblocked');
    case 'noSession':
      return t('join.noSession');
    case 'nameInUse':
      return t('join.nameInUse');
    case 'network':
      return t('errors.network');
    case 'other':
      return problem.message;
  }
}

/** The current time, ticking each second while `running`: drives the blocked countdown. */
function useNow(running: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}
