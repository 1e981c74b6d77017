// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;
import {EscrowInvariants} from "./EscrowInvariants.t.sol";
import {EscrowHandler} from "./EscrowHandler.sol";
import {console} from "forge-std/console.sol";
contract TmpStats is EscrowInvariants {
    function test_stats() public {
        uint256 r = 1;
        for (uint256 i; i < 400; ++i) {
            r = uint256(keccak256(abi.encode(r, i)));
            uint256 k = r % 21;
            uint256 a = r >> 8; uint256 b = r >> 40; uint256 c = r >> 80; uint256 d = r >> 120;
            if (k == 0 || k == 1) handler.createTask(a, b, d % 2 == 0, c, d, a >> 3, b >> 5, c >> 7);
            else if (k == 2) handler.createSubtask(a, b, c, d, a >> 9);
            else if (k == 3) handler.cancel(a);
            else if (k == 4) handler.accept(a);
            else if (k == 5) handler.dispute(a);
            else if (k == 6 || k == 7) handler.claim(a, b);
            else if (k == 8) handler.submit(a);
            else if (k == 9) handler.finalize(a);
            else if (k == 10) handler.expire(a);
            else if (k == 11) handler.resolveStalledDispute(a);
            else if (k == 12) handler.draw(a);
            else if (k == 13) handler.commitVote(a, b, c % 2 == 0);
            else if (k == 14) handler.revealVote(a, b);
            else if (k == 15) handler.resolveCase(a);
            else if (k == 16) handler.deposit(a, b % 2 == 0, c);
            else if (k == 17) handler.requestWithdrawal(a, b % 2 == 0, c);
            else if (k == 18) handler.withdraw(a, b % 2 == 0, c % 2 == 0);
            else if (k == 19) handler.vouch(a, b, c);
            else handler.advance(a % 20000, b);
            if (i % 50 == 0) invariant_everyLockedWeiHasAPathOut();
        }
        string[20] memory names = ["createTask","createSubtask","cancel","accept","dispute","claim","submit","finalize","expire","resolveStalled","draw","commitVote","revealVote","resolveCase","deposit","requestWithdrawal","withdraw","vouch","withdrawOwed","advance"];
        for (uint256 i; i < 20; ++i) {
            bytes32 n = bytes32(bytes(names[i]));
            console.log(names[i], handler.ok(n), handler.failed(n));
        }
        invariant_escrowHoldsExactlyWhatItOwes();
        invariant_vaultHoldsExactlyWhatItOwes();
        invariant_lockedStakeMatchesJurySeats();
    }
}
