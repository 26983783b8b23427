import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The CI machine is shared and slow: give async queries time before failing.
configure({ asyncUtilTimeout: 5000 });
