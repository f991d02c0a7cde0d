import { Link } from 'react-router';
import { managesTables, runsTill, servesFloor, usesExpo, usesKitchen } from '../roles';
import { useStaff } from './staff-layout';

export function StaffHomePage() {
  const staff = useStaff();
  const runsTables = managesTables(staff.role);

  return (
    <section className="card" aria-labelledby="staff-home-title">
      <h1 id="staff-home-title">Hello, {staff.name}</h1>
      <p>
        Signed in as {staff.name} ({staff.role})
      </p>
      {servesFloor(staff.role) && (
        <p>
          <Link to="/waiter">The floor: tables, calls and orders</Link>
        </p>
      )}
      {usesKitchen(staff.role) && (
        <p>
          <Link to="/kitchen">Kitchen display</Link>
        </p>
      )}
      {usesExpo(staff.role) && (
        <p>
          <Link to="/kitchen/expo">Expo (the pass)</Link>
        </p>
      )}
      {runsTill(staff.role) && (
        <p>
          <Link to="/cashier">Open the till</Link>
        </p>
      )}
      {runsTables && (
        <p>
          <Link to="/admin/tables">Manage tables and QR codes</Link>
        </p>
      )}
    </section>
  );
}
