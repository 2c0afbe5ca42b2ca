import { useEffect } from 'react';
import { capabilities, sectionOf } from './capabilities';
import { Header } from './components/header';
import { HeaderNavigation } from './components/header-navigation';
import { PageLayout } from './components/page-layout';
import { LoadingPage } from './pages/loading-page';
import { ServiceUnavailablePage } from './pages/service-unavailable-page';
import { SignInPage } from './pages/sign-in-page';
import { publicPageAt, redirectFor, SignedInPage } from './routes';
import { navigate } from './router/history';
import { usePath } from './router/use-path';
import { useSession } from './session/session-context';

/** The whole app: picks the header and page for the session and path, redirecting where needed. */
export function App() {
  const path = usePath();
  const { state, signOut } = useSession();
  const redirect = redirectFor(state, path);

  useEffect(() => {
    if (redirect) navigate(redirect, { replace: true });
  }, [redirect]);

  if (state.status !== 'signed-in') {
    let page = publicPageAt(path) ?? <LoadingPage />;
    if (state.status === 'unavailable') page = <ServiceUnavailablePage detail={state.detail} />;
    else if (state.status === 'signed-out' && !redirect && !publicPageAt(path)) {
      page = <SignInPage />;
    }
    return (
      <PageLayout header={<Header />} path={path}>
        {page}
      </PageLayout>
    );
  }

  const { me } = state;
  const account = {
    displayName: me.user.displayName,
    organisationName: me.organisation.name,
    onSignOut: () => {
      // A failed request still forgets the user here; there is nothing more to show.
      signOut().catch(() => undefined);
    },
  };
  const items = capabilities.map((capability) => ({
    to: capability.path,
    text: capability.title,
    current: sectionOf(path)?.id === capability.id,
  }));
  return (
    <PageLayout
      header={
        <Header account={account}>
          <HeaderNavigation items={items} />
        </Header>
      }
      path={path}
    >
      {redirect ? <LoadingPage /> : <SignedInPage path={path} me={me} />}
    </PageLayout>
  );
}
